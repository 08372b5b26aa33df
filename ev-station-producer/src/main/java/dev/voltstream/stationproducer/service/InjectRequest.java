package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.TransactionType;

import java.math.BigDecimal;

/**
 * One event to inject: its type and optional details; what is left out gets a sensible default (the first station,
 * the station's first driver, a new session, a CARD payment of 10.00 at the account's home station, ...).
 *
 * @param type            required
 * @param stationId       station events and sessions; default the account's home station, else the first station
 * @param accountId       sessions and transactions; default the station's first driver, else the first account
 * @param sessionId       SessionProgress / SessionCompleted; default a new id
 * @param status          StationStatusChanged; default AVAILABLE
 * @param transactionType Transaction; default CARD (CHARGING payments are billing's)
 * @param amount          Transaction; positive, default 10.00
 * @param energyKwh       SessionProgress / SessionCompleted / telemetry meter; default 20.0
 * @param idleMinutes     SessionCompleted; default 0
 */
public record InjectRequest(InjectableEvent type, String stationId, String accountId, String sessionId,
                            StationStatus status, TransactionType transactionType, BigDecimal amount,
                            Double energyKwh, Integer idleMinutes) {
}
