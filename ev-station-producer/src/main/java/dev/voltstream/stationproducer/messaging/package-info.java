/**
 * Emitting events: one outgoing channel per topic, the key and CloudEvents type of each event, JSON values with
 * CloudEvents binary-mode metadata.
 */
package dev.voltstream.stationproducer.messaging;
