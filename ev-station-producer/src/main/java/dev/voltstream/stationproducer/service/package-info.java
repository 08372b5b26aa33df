/**
 * The simulation: the station state machine and ordinary payments ({@link dev.voltstream.stationproducer.service.SimulationEngine}),
 * fraud scenarios, single-event injection, the rate budget and the scheduled runner. Everything below the runner is
 * plain Java driven by a seed and the instant it is given, so tests replay it exactly.
 */
package dev.voltstream.stationproducer.service;
