package io.seedrpc.it;

import java.time.LocalDate;
import java.util.Objects;

/** A mutable JavaBean, the other common shape of a transfer object. */
public class Customer {

    private String name;
    private int loyaltyPoints;
    private LocalDate memberSince;

    public Customer() {
    }

    public Customer(String name, int loyaltyPoints, LocalDate memberSince) {
        this.name = name;
        this.loyaltyPoints = loyaltyPoints;
        this.memberSince = memberSince;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getLoyaltyPoints() {
        return loyaltyPoints;
    }

    public void setLoyaltyPoints(int loyaltyPoints) {
        this.loyaltyPoints = loyaltyPoints;
    }

    public LocalDate getMemberSince() {
        return memberSince;
    }

    public void setMemberSince(LocalDate memberSince) {
        this.memberSince = memberSince;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Customer c && loyaltyPoints == c.loyaltyPoints && Objects.equals(name, c.name)
                && Objects.equals(memberSince, c.memberSince);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, loyaltyPoints, memberSince);
    }
}
