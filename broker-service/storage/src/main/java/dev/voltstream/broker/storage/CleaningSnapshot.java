package dev.voltstream.broker.storage;

import java.util.List;
import java.util.Map;

/**
 * What a cleaning pass starts from, read together under the log's lock ({@link PartitionLog#cleaningSnapshot()}); a
 * swap of the pass's output is refused when the log was truncated since ({@code truncations} changed).
 */
record CleaningSnapshot(List<LogSegment> segments, long logStartOffset, long lastStableOffset, long truncations,
                        Map<Long, ProducerStateEntry> producers, LogConfig config) {
}
