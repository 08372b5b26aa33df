/** Partitions hosted by this broker: leader epoch, ISR and high watermark over each log; waiting fetches. */
package dev.voltstream.broker.replica;
