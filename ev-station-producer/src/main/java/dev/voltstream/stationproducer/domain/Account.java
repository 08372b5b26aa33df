package dev.voltstream.stationproducer.domain;

/**
 * An account holder. Ordinary payments and charging happen at the home station, so ordinary traffic never looks like
 * travel to the fraud rules; only the impossible-travel scenario pays elsewhere.
 */
public record Account(String id, Station home) {
}
