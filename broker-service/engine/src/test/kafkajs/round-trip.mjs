// kafkajs round trip for ClientMatrixIT: admin create/describe, produce keyed records with headers, consume them in a
// group committing each, read the committed offsets back, delete the topic. One line per observation on stdout (the
// same lines as the Java ClientRoundTrip); any failure exits non-zero with the error on stderr.
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';

const { BOOTSTRAP, TOPIC: topic, GROUP: group } = process.env;
const RECORDS = 6;
const kafka = new Kafka({ clientId: 'kafkajs-matrix', brokers: [BOOTSTRAP], logLevel: logLevel.WARN });

const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
console.log(`described ${metadata.topics[0].name} partitions=${metadata.topics[0].partitions.length}`);

const producer = kafka.producer();
await producer.connect();
await producer.send({
  topic,
  acks: -1,
  compression: CompressionTypes.GZIP,
  messages: Array.from({ length: RECORDS }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { h: `h${i}` } })),
});
await producer.disconnect();
console.log(`produced ${RECORDS}`);

const consumer = kafka.consumer({ groupId: group });
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
const seen = [];
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`consumed ${seen.length} of ${RECORDS} within 60 s`)), 60_000);
  consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      seen.push(`consumed ${message.key}=${message.value} h=${message.headers.h}`);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      if (seen.length === RECORDS) {
        clearTimeout(timer);
        resolve();
      }
    },
  }).catch(reject);
});
await consumer.disconnect();
seen.forEach((line) => console.log(line));

const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
const partitions = committed.partitions.filter((p) => Number(p.offset) >= 0);
const total = partitions.reduce((sum, p) => sum + Number(p.offset), 0);
console.log(`committed ${total} over partitions [${partitions.map((p) => p.partition).sort().join(', ')}]`);

await admin.deleteTopics({ topics: [topic] });
const listed = (await admin.listTopics()).includes(topic);
console.log(`deleted ${topic} listed=${listed}`);
await admin.disconnect();
