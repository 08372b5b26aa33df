/** Health checks beyond the Kafka connector's own: the simulation's state. */
package dev.voltstream.stationproducer.health;
