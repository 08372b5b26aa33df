package dev.voltstream.stationproducer.domain;

import dev.voltstream.contracts.GeoLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a fleet from a seed: stations {@code st-001...} dealt round-robin over {@link City#ALL}, each within a few
 * kilometres of its city centre with a charger rating; accounts {@code acc-0001...} dealt round-robin over the stations
 * as their home.
 */
public final class FleetFactory {
    private static final double[] CHARGER_KW = {11, 22, 50, 150};
    /** Stations lie within this distance of the centre, in degrees of latitude (~5.5 km). */
    private static final double SPREAD_DEGREES = 0.05;

    private FleetFactory() {
    }

    public static Fleet build(long seed, int stationCount, int accountCount) {
        if (stationCount < 1 || accountCount < 1) {
            throw new IllegalArgumentException("stations and accounts must be positive");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Station> stations = new ArrayList<>(stationCount);
        for (int i = 1; i <= stationCount; i++) {
            City city = City.ALL.get((i - 1) % City.ALL.size());
            GeoLocation at = new GeoLocation(
                    round6(city.centre().lat() + (random.nextDouble() * 2 - 1) * SPREAD_DEGREES),
                    round6(city.centre().lon() + (random.nextDouble() * 2 - 1) * SPREAD_DEGREES));
            stations.add(new Station(stationId(i), city, at, CHARGER_KW[random.nextInt(CHARGER_KW.length)]));
        }
        List<Account> accounts = new ArrayList<>(accountCount);
        for (int i = 1; i <= accountCount; i++) {
            accounts.add(new Account(accountId(i), stations.get((i - 1) % stationCount)));
        }
        return new Fleet(stations, accounts);
    }

    /** {@code st-001} for 1. */
    public static String stationId(int number) {
        return String.format("st-%03d", number);
    }

    /** {@code acc-0001} for 1. */
    public static String accountId(int number) {
        return String.format("acc-%04d", number);
    }

    private static double round6(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }
}
