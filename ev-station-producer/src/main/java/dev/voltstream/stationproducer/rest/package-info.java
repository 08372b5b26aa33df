/**
 * The REST API (described at /q/openapi): run and scale the simulation, inject single events, trigger fraud
 * scenarios. Errors are problem details (application/problem+json).
 */
package dev.voltstream.stationproducer.rest;
