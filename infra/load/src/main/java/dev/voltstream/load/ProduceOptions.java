package dev.voltstream.load;

/** What a produce run does. {@code rate} is records/s over all producers; 0 = saturation. */
public record ProduceOptions(String bootstrap, String topic, int partitions, int producers, long records,
                             int recordSize, boolean keyed, String compression, String acks, double rate,
                             double maxSeconds) {

    public ProduceOptions withProducers(int count) {
        return new ProduceOptions(bootstrap, topic, partitions, count, records, recordSize, keyed, compression, acks,
                rate, maxSeconds);
    }

    public String label() {
        return String.format("%d partition%s, %d producer%s, %s, %s, acks=%s, %s", partitions,
                partitions == 1 ? "" : "s", producers, producers == 1 ? "" : "s", keyed ? "keyed" : "unkeyed",
                compression, acks, rate > 0 ? String.format("%.0f rec/s offered", rate) : "saturation");
    }
}
