/**
 * The simulated world: cities, charging stations at fixed locations, accounts tied to a home station. Built
 * deterministically from a seed; immutable once built.
 */
package dev.voltstream.stationproducer.domain;
