package dev.voltstream.fraud.rest;

import dev.voltstream.contracts.GeoLocation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** What the rules currently know about an account. */
public record AccountView(String accountId, boolean blocked, String blockReason, long approvedCount,
                          BigDecimal averageAmount, LocalDate day, BigDecimal dayTotal, GeoLocation lastLocation,
                          Instant lastAt) {
}
