package io.seedrpc.it;

public enum OrderStatus { NEW, PAID, SHIPPED }
