package dev.voltstream.billing.domain;

/** Why a ledger entry exists: the opening balance, or one side of a double-entry posting. */
public enum EntryType { OPENING, DEBIT, CREDIT }
