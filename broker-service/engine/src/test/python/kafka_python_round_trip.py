"""kafka-python (Debian's python3-kafka) round trip for ClientMatrixIT: admin create/describe, produce keyed records
with headers, consume them in a group, commit, read the committed offsets back, delete the topic. Prints the same
observation lines as the Java ClientRoundTrip; a failure exits non-zero."""
import os
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

RECORDS = 6
bootstrap, topic, group = os.environ["BOOTSTRAP"], os.environ["TOPIC"], os.environ["GROUP"]

admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kafka-python-matrix")
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
[described] = admin.describe_topics([topic])
print(f"described {described['topic']} partitions={len(described['partitions'])}")

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="gzip")
for i in range(RECORDS):
    producer.send(topic, key=f"k{i}".encode(), value=f"v{i}".encode(), headers=[("h", f"h{i}".encode())]).get(60)
producer.close()
print(f"produced {RECORDS}")

consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=False)
seen = []
deadline = time.monotonic() + 60
while len(seen) < RECORDS and time.monotonic() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        for record in records:
            headers = dict(record.headers)
            seen.append(f"consumed {record.key.decode()}={record.value.decode()} h={headers.get('h', b'').decode()}")
consumer.commit()
consumer.close()
for line in seen:
    print(line)

committed = admin.list_consumer_group_offsets(group)
positive = sorted((tp.partition, meta.offset) for tp, meta in committed.items() if meta.offset >= 0)
print(f"committed {sum(o for _, o in positive)} over partitions [{', '.join(str(p) for p, _ in positive)}]")

admin.delete_topics([topic])
print(f"deleted {topic} listed={str(topic in admin.list_topics()).lower()}")
admin.close()
