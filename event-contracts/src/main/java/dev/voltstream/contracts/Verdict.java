package dev.voltstream.contracts;

/** The outcome of compliance and fraud checks. */
public enum Verdict { APPROVED, DECLINED }
