package dev.voltstream.stationproducer.service;

/** A request named a station, account or scenario that does not exist (REST answers 404). */
public class UnknownResourceException extends RuntimeException {
    private final String kind;

    public UnknownResourceException(String kind, String id) {
        super("unknown " + kind + ": " + id);
        this.kind = kind;
    }

    /** What was not found: station, account, scenario. */
    public String kind() {
        return kind;
    }
}
