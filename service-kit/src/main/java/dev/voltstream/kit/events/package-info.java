/** CloudEvents binary mode on Kafka (reading a record's type, building an outgoing record) and the event JSON. */
package dev.voltstream.kit.events;
