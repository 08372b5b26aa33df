/** The Voltstream broker: {@link dev.voltstream.broker.KafkaBroker} (in-process) and {@link dev.voltstream.broker.BrokerMain}. */
package dev.voltstream.broker;
