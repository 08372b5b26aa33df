package dev.voltstream.stationproducer.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stations and accounts of one simulation, looked up by id. Immutable. */
public final class Fleet {
    private final List<Station> stations;
    private final List<Account> accounts;
    private final Map<String, Station> stationsById = new LinkedHashMap<>();
    private final Map<String, Account> accountsById = new LinkedHashMap<>();
    private final Map<String, List<Account>> accountsByStation = new LinkedHashMap<>();

    public Fleet(List<Station> stations, List<Account> accounts) {
        if (stations.isEmpty() || accounts.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one station and one account");
        }
        this.stations = List.copyOf(stations);
        this.accounts = List.copyOf(accounts);
        stations.forEach(s -> stationsById.put(s.id(), s));
        for (Account a : accounts) {
            accountsById.put(a.id(), a);
            accountsByStation.computeIfAbsent(a.home().id(), k -> new java.util.ArrayList<>()).add(a);
        }
    }

    public List<Station> stations() {
        return stations;
    }

    public List<Account> accounts() {
        return accounts;
    }

    public Optional<Station> station(String id) {
        return Optional.ofNullable(stationsById.get(id));
    }

    public Optional<Account> account(String id) {
        return Optional.ofNullable(accountsById.get(id));
    }

    /** The accounts whose home is this station (the drivers who charge there); may be empty. */
    public List<Account> accountsAt(Station station) {
        return Collections.unmodifiableList(accountsByStation.getOrDefault(station.id(), List.of()));
    }
}
