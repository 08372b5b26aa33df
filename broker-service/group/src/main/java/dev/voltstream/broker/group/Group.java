package dev.voltstream.broker.group;

import java.util.Set;

/** What the coordinator needs of any group, classic or KIP-848 consumer. */
sealed interface Group permits ClassicGroup, ConsumerGroup {
    String groupId();

    /** {@code classic} or {@code consumer}, as ListGroups v5 reports it. */
    String type();

    /** The state name Kafka reports for this group. */
    String stateName();

    /** The protocol type clients use ({@code consumer} for Kafka consumers, "" for a group with offsets only). */
    String protocolType();

    boolean isEmpty();

    /** Topics some member is subscribed to (their offsets may not be deleted by OffsetDelete). */
    Set<String> subscribedTopics();
}
