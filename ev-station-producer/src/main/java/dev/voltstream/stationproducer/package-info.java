/**
 * ev-station-producer: simulated charging stations and payment terminals emitting station status, telemetry,
 * charging sessions and card / UPI / ATM transactions, with fraud scenarios on demand.
 */
package dev.voltstream.stationproducer;
