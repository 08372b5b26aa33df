package dev.voltstream.stationproducer.domain;

import dev.voltstream.contracts.GeoLocation;

import java.util.Comparator;
import java.util.List;

/**
 * A city the fleet is spread over. The cities are far enough apart (every one has another at least 1,000 km away)
 * that a payment in one and then in another minutes later is an impossible journey.
 */
public record City(String name, GeoLocation centre) {

    /** The cities of the fleet, in the order stations are dealt to them. */
    public static final List<City> ALL = List.of(
            new City("Amsterdam", new GeoLocation(52.3676, 4.9041)),
            new City("Berlin", new GeoLocation(52.5200, 13.4050)),
            new City("Paris", new GeoLocation(48.8566, 2.3522)),
            new City("Madrid", new GeoLocation(40.4168, -3.7038)),
            new City("Milan", new GeoLocation(45.4642, 9.1900)),
            new City("Stockholm", new GeoLocation(59.3293, 18.0686)));

    /** The city of {@link #ALL} farthest from this one. */
    public City farthest() {
        return ALL.stream().max(Comparator.comparingDouble(c -> c.centre.distanceKm(centre))).orElseThrow();
    }
}
