package dev.voltstream.stationproducer.service;

import java.util.Map;

/**
 * What the simulation is doing and has done: whether it runs, its rate, its seed and run id, the fleet size, and the
 * events acknowledged by the broker per type (plus totals sent, failed, dropped and in flight).
 */
public record SimulationStatus(boolean running, double eventsPerSecond, long seed, String runId, int stations,
                               int accounts, Map<String, Long> emitted, long sent, long acked, long failed,
                               long dropped, long inFlight) {
}
