/**
 * The console's view of the cluster, taken through the stock Kafka Admin, Producer and Consumer clients against the
 * broker's own listener, exactly as a third-party Kafka UI would (so the console doubles as a compatibility check).
 */
package dev.voltstream.broker.console.kafka;
