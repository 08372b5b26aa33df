/**
 * The cluster metadata image: immutable snapshots of brokers, topics and partition states, and the pure function that
 * applies one metadata command to an image (the replicated state machine's logic, kept free of Raft plumbing).
 */
package dev.voltstream.broker.cluster.internal.image;
