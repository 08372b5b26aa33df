package dev.voltstream.billing.domain;

/** A customer's account, or the platform's account that receives payments. */
public enum AccountKind { CUSTOMER, PLATFORM }
