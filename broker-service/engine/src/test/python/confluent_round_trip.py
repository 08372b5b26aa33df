"""confluent-kafka-python (Debian's python3-confluent-kafka over librdkafka) round trip for ClientMatrixIT: admin
create/describe, produce keyed records with headers, consume them in a group, commit, read the committed offsets back,
delete the topic. Prints the same observation lines as the Java ClientRoundTrip; a failure exits non-zero. CLIENT_CONFIG,
if set, is a JSON object of librdkafka settings every client gets (security.protocol, sasl.*, ssl.ca.location, ...)."""
import json
import os
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

RECORDS = 6
bootstrap, topic, group = os.environ["BOOTSTRAP"], os.environ["TOPIC"], os.environ["GROUP"]
common = {"bootstrap.servers": bootstrap, **json.loads(os.environ.get("CLIENT_CONFIG", "{}"))}

admin = AdminClient(common)
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])[topic].result(60)
described = admin.list_topics(topic=topic, timeout=30).topics[topic]
if described.error is not None:
    raise KafkaException(described.error)
print(f"described {topic} partitions={len(described.partitions)}")

failures = []
producer = Producer({**common, "acks": "all", "compression.type": "zstd"})
for i in range(RECORDS):
    producer.produce(topic, key=f"k{i}", value=f"v{i}", headers=[("h", f"h{i}".encode())],
                     on_delivery=lambda err, msg: err and failures.append(err))
if producer.flush(60) or failures:
    sys.exit(f"undelivered: {failures}")
print(f"produced {RECORDS}")

consumer = Consumer({**common, "group.id": group, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False})
consumer.subscribe([topic])
seen = []
deadline = time.monotonic() + 60
while len(seen) < RECORDS and time.monotonic() < deadline:
    message = consumer.poll(0.5)
    if message is None:
        continue
    if message.error():
        raise KafkaException(message.error())
    headers = dict(message.headers() or [])
    seen.append(f"consumed {message.key().decode()}={message.value().decode()} h={headers.get('h', b'').decode()}")
consumer.commit(asynchronous=False)
committed = consumer.committed([TopicPartition(topic, 0), TopicPartition(topic, 1)], timeout=30)
consumer.close()
for line in seen:
    print(line)
positive = sorted((tp.partition, tp.offset) for tp in committed if tp.offset >= 0)
print(f"committed {sum(o for _, o in positive)} over partitions [{', '.join(str(p) for p, _ in positive)}]")

admin.delete_topics([topic])[topic].result(60)
print(f"deleted {topic} listed={str(topic in admin.list_topics(timeout=30).topics).lower()}")
