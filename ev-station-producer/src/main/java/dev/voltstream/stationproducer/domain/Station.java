package dev.voltstream.stationproducer.domain;

import dev.voltstream.contracts.GeoLocation;

/** A charging station with a payment terminal at a fixed location; maxPowerKw is its charger's rating. */
public record Station(String id, City city, GeoLocation location, double maxPowerKw) {
}
