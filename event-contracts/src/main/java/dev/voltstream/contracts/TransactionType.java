package dev.voltstream.contracts;

/** How a payment was made. CHARGING payments are emitted by billing for invoiced sessions. */
public enum TransactionType { CARD, UPI, ATM, CHARGING }
