package dev.voltstream.broker.storage;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Checks every batch of an append before anything is written, so an append is all-or-nothing. Throws the
 * kafka-clients exception whose error code the produce response should carry.
 */
final class AppendValidator {
    private AppendValidator() {
    }

    /** The batches of a produce request, each checked for format, CRC, size and header consistency. */
    static List<MutableRecordBatch> validateForLeader(MemoryRecords records, LogConfig config) {
        List<MutableRecordBatch> batches = readBatches(records, config);
        for (MutableRecordBatch batch : batches) {
            if (batch.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordTooLargeException("Batch of " + batch.sizeInBytes()
                        + " bytes is larger than max.message.bytes " + config.maxMessageBytes());
            }
            Integer count = batch.countOrNull();
            if (count == null || count <= 0) {
                throw new InvalidRecordException("Batch at base offset " + batch.baseOffset() + " has no records");
            }
            if (batch.lastOffset() - batch.baseOffset() != count - 1) {
                throw new InvalidRecordException("Batch last offset delta " + (batch.lastOffset() - batch.baseOffset())
                        + " does not match its record count " + count);
            }
            if (batch.isControlBatch()) {
                throw new InvalidRecordException("clients may not send control batches");
            }
        }
        return batches;
    }

    /** The batches of a replicated append: format and CRC only, offsets increasing from {@code logEndOffset}. */
    static List<MutableRecordBatch> validateForFollower(MemoryRecords records, LogConfig config, long logEndOffset) {
        List<MutableRecordBatch> batches = readBatches(records, config);
        long expected = logEndOffset;
        for (MutableRecordBatch batch : batches) {
            if (batch.baseOffset() < expected || batch.lastOffset() < batch.baseOffset()) {
                throw new InvalidRecordException("Replicated batch at offset " + batch.baseOffset()
                        + " is below the next expected offset " + expected);
            }
            expected = batch.nextOffset();
        }
        return batches;
    }

    private static List<MutableRecordBatch> readBatches(MemoryRecords records, LogConfig config) {
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Append of " + records.sizeInBytes()
                    + " bytes is larger than segment.bytes " + config.segmentBytes());
        }
        List<MutableRecordBatch> batches = new ArrayList<>();
        int validBytes = 0;
        try {
            for (MutableRecordBatch batch : records.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    throw new UnsupportedForMessageFormatException("Record batch magic " + batch.magic()
                            + " is not supported; only magic 2 is");
                }
                if (!batch.isValid()) {
                    throw new CorruptRecordException("Record batch at base offset " + batch.baseOffset()
                            + " fails its CRC check");
                }
                batches.add(batch);
                validBytes += batch.sizeInBytes();
            }
        } catch (InvalidRecordException | IllegalStateException e) {
            throw new CorruptRecordException("Malformed record batch: " + e.getMessage(), e);
        }
        if (validBytes != records.sizeInBytes()) {
            throw new CorruptRecordException("Append has " + (records.sizeInBytes() - validBytes)
                    + " trailing bytes that are not a whole record batch");
        }
        return batches;
    }
}
