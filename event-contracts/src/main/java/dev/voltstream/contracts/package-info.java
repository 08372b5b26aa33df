/**
 * The events of the EV charging and payments system, as Java records: what producers emit and consumers read. JSON
 * Schemas ({@code /schemas/<Record>.schema.json}) and golden samples ({@code /samples/<Record>.json}) are resources of
 * this module. Plain data: no framework types.
 */
package dev.voltstream.contracts;
