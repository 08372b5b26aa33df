package dev.voltstream.stationproducer.service;

import dev.voltstream.stationproducer.domain.Account;

import java.time.Instant;

/**
 * A session in progress at a station: it delivers {@code targetKwh} in {@code progressSteps} equal steps, then
 * completes. Mutable; owned by one {@link StationState}.
 */
final class ChargingSession {
    final String id;
    final Account account;
    final Instant startedAt;
    final double targetKwh;
    final int progressSteps;
    int stepsDone;
    double energyKwh;

    ChargingSession(String id, Account account, Instant startedAt, double targetKwh, int progressSteps) {
        this.id = id;
        this.account = account;
        this.startedAt = startedAt;
        this.targetKwh = targetKwh;
        this.progressSteps = progressSteps;
    }

    boolean charged() {
        return stepsDone >= progressSteps;
    }

    /** Delivers one step of energy; returns the energy delivered so far. */
    double deliverStep() {
        stepsDone++;
        energyKwh = stepsDone >= progressSteps ? targetKwh : targetKwh * stepsDone / progressSteps;
        return energyKwh;
    }
}
