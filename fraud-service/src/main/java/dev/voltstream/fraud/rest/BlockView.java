package dev.voltstream.fraud.rest;

import java.time.Instant;

/** A blocked account. */
public record BlockView(String accountId, String reason, Instant blockedAt) {
}
