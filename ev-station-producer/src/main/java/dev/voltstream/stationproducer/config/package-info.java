/** Typed configuration of the simulator ({@code simulator.*}) and the beans it needs (clock). */
package dev.voltstream.stationproducer.config;
