package dev.voltstream.broker.storage;

/** A record's timestamp and offset, with the leader epoch of its batch (-1 when unknown); answers ListOffsets. */
public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {
}
