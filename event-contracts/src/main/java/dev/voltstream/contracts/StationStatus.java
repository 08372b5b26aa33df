package dev.voltstream.contracts;

/** Availability of a charging station. */
public enum StationStatus { AVAILABLE, OCCUPIED, OUT_OF_SERVICE }
