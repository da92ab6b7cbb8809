package io.seedrpc.benchmark.echo;

import java.io.Serializable;
import java.util.Objects;

/**
 * The small-object payload: five fields (long, int, 19-character String, double, boolean). A plain bean so that
 * every codec in the comparison can carry it as is: Kryo (a final class, written without its class name),
 * Jackson, and Dubbo's Hessian 2 (which needs {@link Serializable}).
 */
public final class SmallObject implements Serializable {

    private static final long serialVersionUID = 1L;

    private long id;
    private int count;
    private String name;
    private double score;
    private boolean active;

    public SmallObject() {
    }

    public SmallObject(long id, int count, String name, double score, boolean active) {
        this.id = id;
        this.count = count;
        this.name = name;
        this.score = score;
        this.active = active;
    }

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public double getScore() {
        return score;
    }

    public void setScore(double score) {
        this.score = score;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmallObject that && id == that.id && count == that.count
                && Double.compare(score, that.score) == 0 && active == that.active && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, count, name, score, active);
    }

    @Override
    public String toString() {
        return "SmallObject[id=" + id + ", count=" + count + ", name=" + name + ", score=" + score
                + ", active=" + active + "]";
    }
}
