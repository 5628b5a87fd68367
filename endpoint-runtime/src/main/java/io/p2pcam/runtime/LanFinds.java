package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanHeldInstances.Announced;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What a {@link LanBrowser} has found, sans I/O: the announcement each DNS-SD instance made, and
 * from them one camera per ID, the one its latest announcement names. Announcements are
 * unauthenticated (docs/PROTOCOL.md §10.8), so anyone on the LAN may send any number of them, each
 * complete and self-consistent (a fresh ID is a fresh key): instances of IDs the viewer does not
 * look for, strangers, take at most {@link #MAX_INSTANCES} places, at most {@link #MAX_PER_SOURCE}
 * per source address, so that a forger on one or a few addresses lists a few fakes and the rest
 * are {@link #ignored counted}. The cameras the viewer looks for have room of their own (up to
 * {@link #MAX_WANTED} of them), whatever strangers announce. A forger can claim a wanted ID too
 * (IDs are visible on the LAN), so one wanted ID has at most {@link #MAX_PER_WANTED_ID} instances,
 * the first heard: a new claim takes only the place of one that was tried and failed, or of the
 * newest of a source holding more than its share of the ID's places (a forger who claimed it first
 * from one address gives way to the camera's own), else, from an address holding none of the ID's
 * places, of the newest (the ID's newcomer's place, held until its claim is tried: a camera announcing
 * after claims from as many addresses as the ID has places), never of one that {@link #proved proved itself};
 * a claim refused waits, and takes a failed claim's place when a round of tries ends ({@link
 * LanClaimPlaces}: a camera announcing after claims from any number of addresses). An ID announced by a second instance (a
 * forger's, or a camera that moved) is its latest, until that instance says goodbye and the
 * earlier one counts again; but an instance that proved itself is chosen before any that did not.
 * A connect that {@link #failed failed} at an instance's address sends the ID's next instance
 * forward (the instances of an ID are tried in turn), and an address where something else
 * answered for the ID (a wrong key, a failed handshake) is not chosen for that ID for {@link
 * #NOT_THE_CAMERA_FOR} ({@link #holdsEnded} says when such a hold ends), and its instances are let
 * go first to make room.
 *
 * <p>Not thread-safe: the browser holds its lock.
 */
final class LanFinds {
    /** Far more cameras than one LAN has; what a flood of forged announcements can make us hold. */
    static final int MAX_INSTANCES = 256;

    /**
     * Cameras the viewer looks for that have room of their own, past {@link #MAX_INSTANCES}: {@link
     * #MAX_PER_WANTED_ID} instances each, whatever strangers announce.
     */
    static final int MAX_WANTED = 64;

    /**
     * Places of {@link #MAX_INSTANCES} one source address (a packet's sender) takes: a host with a
     * few cameras (a multi-sensor camera, an emulator running several) has room, and a forger on one
     * or a few addresses cannot list more than this many times as many fakes.
     */
    static final int MAX_PER_SOURCE = 8;

    /**
     * Instances held of one camera looked for: the camera's own (one per interface it announces
     * on) and a few more, so that a forger claiming its ID cannot take the room of the others.
     */
    static final int MAX_PER_WANTED_ID = 4;

    /**
     * How long an address where something else answered for an ID is not chosen for that ID: long
     * enough that a forger's claim costs the camera one attempt, not every other one; short enough
     * that a camera given the address (DHCP) is found there again without a restart.
     */
    static final Duration NOT_THE_CAMERA_FOR = Duration.ofMinutes(10);

    /** Addresses remembered as not the camera: one for each instance of a wanted ID that can be held. */
    static final int MAX_NOT_THE_CAMERA = MAX_WANTED * MAX_PER_WANTED_ID;

    private final Predicate<CameraId> wanted;
    /** {@link System#nanoTime()}, or a test's clock. */
    private final LongSupplier clock;

    private final LanHeldInstances byInstance;
    /** What connects said of the held instances: proved, failed (when), the newcomer of an ID. */
    private final LanTries tries = new LanTries();
    /** The places of the IDs looked for, and the claims refused one that wait for a claim's failure. */
    private final LanClaimPlaces places;
    /** Claims that waited and were held when a claim of their ID failed, until {@link #takeAdmitted}. */
    private final List<String> admitted = new ArrayList<>();
    /** Instances no longer held to make room for another of the same wanted ID, until {@link #takeEvicted}. */
    private final List<String> evicted = new ArrayList<>();
    /** Until when an ID's claim at an address is not chosen (something else answered there), the oldest first. */
    private final LanAddressHolds notTheCamera = new LanAddressHolds(MAX_NOT_THE_CAMERA, NOT_THE_CAMERA_FOR);

    private long announcements;
    private long ignored;

    /** {@code wanted}: whether the viewer looks for a camera (thread-safe, quick: asked under the browser's lock). */
    LanFinds(Predicate<CameraId> wanted) {
        this(wanted, System::nanoTime);
    }

    /** {@code clock}: the time in {@link System#nanoTime()} units. */
    LanFinds(Predicate<CameraId> wanted, LongSupplier clock) {
        this.wanted = wanted;
        this.clock = clock;
        this.byInstance = new LanHeldInstances(wanted);
        this.places = new LanClaimPlaces(
                byInstance, tries, found -> notTheCamera.holds(found.id(), found.address(), clock.getAsLong()));
    }

    /** The IDs looked for may have changed ({@code wanted} answers otherwise now): what is held is sorted again. */
    void lookingForChanged() {
        byInstance.lookingForChanged();
        places.lookingForChanged(wanted);
    }

    /**
     * Instance {@code name} announced {@code camera}, in a packet from {@code source} (the sender's
     * address, not the announced one); whether {@link #cameras()} changed. An instance held before
     * may be let go to make room ({@link #takeEvicted}); one not held for want of room is counted
     * ({@link #ignored}).
     */
    boolean announced(String name, LanBrowser.Found camera, InetAddress source) {
        Objects.requireNonNull(source);
        Announced earlier = byInstance.get(name);
        if (earlier != null && earlier.camera().equals(camera)) {
            return false;
        }
        String makingRoom = null;
        boolean newcomer = false;
        if (earlier == null || !earlier.camera().id().equals(camera.id())) {
            LanClaimPlaces.Room room = roomFor(earlier == null, camera.id(), source);
            if (earlier == null && wanted.test(camera.id())) {
                places.heard(name, camera, source, !room.held());
            }
            if (!room.held()) {
                ignored++;
                return false;
            }
            makingRoom = room.letGo();
            newcomer = room.newcomer();
        }
        List<String> leaving = new ArrayList<>(2);
        Set<CameraId> affected = new HashSet<>();
        affected.add(camera.id());
        for (String let : new String[] {earlier == null ? null : name, makingRoom}) {
            if (let != null) {
                leaving.add(let);
                affected.add(byInstance.get(let).camera().id());
            }
        }
        ListBefore before = listBefore(affected, leaving);
        if (makingRoom != null) {
            byInstance.remove(makingRoom);
            tries.forget(makingRoom);
            evicted.add(makingRoom);
        }
        if (earlier != null && !earlier.camera().id().equals(camera.id())) {
            tries.forget(name); // a claim of another ID now
        } else if (earlier != null && !earlier.camera().address().equals(camera.address())) {
            tries.addressChanged(name);
        }
        if (newcomer) {
            tries.newcomer(name);
        }
        byInstance.put(name, new Announced(camera, source, announcements++));
        return changed(before);
    }

    /**
     * What {@link #cameras()} lists before a change that lets go of (or announces again) the
     * instances {@code leaving} and touches only the IDs {@code affected}: enough to tell whether
     * the change changed the list, without building it for every announcement. The list is one
     * camera per ID in the order of each ID's first listed instance, so the chosen camera of each
     * affected ID tells, unless an instance let go is the first listed of an ID that stays listed
     * (its place in the list may move): then the whole list is kept.
     */
    private ListBefore listBefore(Set<CameraId> affected, List<String> leaving) {
        long now = clock.getAsLong();
        for (String name : leaving) {
            if (firstListedOfAnIdThatStays(name, now)) {
                return new ListBefore(cameras(), null);
            }
        }
        Map<CameraId, LanBrowser.Found> chosen = new HashMap<>();
        for (CameraId id : affected) {
            chosen.put(id, get(id));
        }
        return new ListBefore(null, chosen);
    }

    private boolean firstListedOfAnIdThatStays(String name, long now) {
        Announced leaving = byInstance.get(name);
        if (notTheCamera(leaving, now)) {
            return false; // not listed
        }
        for (String other : byInstance.ofId(leaving.camera().id())) { // the first held first
            Announced listed = byInstance.get(other);
            if (!other.equals(name) && !notTheCamera(listed, now)) {
                return listed.order() > leaving.order(); // the first other listed comes after it
            }
        }
        return false;
    }

    /** {@link #cameras()} before a change: all of it ({@code all}), or the chosen camera of each ID the change touches. */
    private record ListBefore(List<LanBrowser.Found> all, Map<CameraId, LanBrowser.Found> chosen) {}

    /** Whether {@link #cameras()} is not what {@code before} says it was. */
    private boolean changed(ListBefore before) {
        if (before.all() != null) {
            return !cameras().equals(before.all());
        }
        for (Map.Entry<CameraId, LanBrowser.Found> was : before.chosen().entrySet()) {
            if (!Objects.equals(get(was.getKey()), was.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a new claim of {@code id} ({@code newInstance}: by an instance not held before), heard
     * from {@code source}, is held. A wanted ID has room of its own: {@link #MAX_PER_WANTED_ID}
     * instances, for up to {@link #MAX_WANTED} IDs; its first claims are kept, a later one only in
     * the place of one that was tried and failed, or of the newest of a source holding more than
     * one more of its places than the new claim's source ({@link #overShare}; never of one proved). A stranger
     * takes one of {@link #MAX_INSTANCES} places, at most {@link #MAX_PER_SOURCE} per source; when
     * they are all taken, the source holding the most gives up its newest for a source holding
     * fewer.
     */
    private LanClaimPlaces.Room roomFor(boolean newInstance, CameraId id, InetAddress source) {
        if (wanted.test(id)) {
            return places.roomFor(id, source);
        }
        if (!newInstance) {
            return LanClaimPlaces.Room.FREE; // a held instance announcing another stranger keeps its place
        }
        int ofSource = byInstance.strangersFrom(source).size();
        if (ofSource >= MAX_PER_SOURCE) {
            return LanClaimPlaces.Room.NONE;
        }
        if (byInstance.strangers() < MAX_INSTANCES) {
            return LanClaimPlaces.Room.FREE;
        }
        SequencedSet<String> largest = byInstance.largestStrangerShare();
        if (largest.size() <= ofSource + 1) {
            return LanClaimPlaces.Room.NONE;
        }
        return LanClaimPlaces.Room.inPlaceOf(tries.newestUnproven(largest));
    }

    /**
     * An announcement was dropped before it was resolved: its sender is off the link (RFC 6762
     * §11, {@link LanLink}). Counted with those {@link #ignored}; the new count.
     */
    long droppedOffLink() {
        return ++ignored;
    }

    /** Announcements not held for want of room (or dropped, {@link #droppedOffLink}) since this browser started: a flood shows here, not in the list. */
    long ignored() {
        return ignored;
    }

    /**
     * What answered at {@code address} for camera {@code id} proved to be it (its handshake
     * succeeded): the instances of that ID announcing that address are kept and chosen first.
     * Whether {@link #cameras()} changed.
     */
    boolean proved(CameraId id, InetSocketAddress address) {
        List<LanBrowser.Found> before = cameras();
        notTheCamera.release(id, address);
        for (String name : instancesAt(id, address)) {
            tries.proved(name);
        }
        return !cameras().equals(before);
    }

    /**
     * A connect to camera {@code id} at {@code address} failed: the ID's other instances are chosen
     * before those announcing that address (the one whose connect failed the longest ago first),
     * and after {@link LanBrowser.ConnectFailure#NOT_THE_CAMERA} that address is not chosen for the ID at all for
     * {@link #NOT_THE_CAMERA_FOR}. When every held claim of the ID has failed, claims that waited
     * take their places ({@link LanClaimPlaces#admitAfterFailure}, {@link #takeAdmitted}, {@link
     * #takeEvicted}). Whether {@link #cameras()} changed.
     */
    boolean failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {
        List<LanBrowser.Found> before = cameras();
        long now = clock.getAsLong();
        for (String name : instancesAt(id, address)) {
            tries.failed(name, now, failure == LanBrowser.ConnectFailure.NOT_THE_CAMERA);
        }
        if (failure == LanBrowser.ConnectFailure.NOT_THE_CAMERA) {
            notTheCamera.hold(id, address, now);
        }
        for (LanClaimPlaces.Admitted next : places.admitAfterFailure(id)) { // a round of tries ended
            byInstance.remove(next.letGo());
            tries.forget(next.letGo());
            evicted.add(next.letGo());
            byInstance.put(
                    next.claim().name(),
                    new Announced(next.claim().camera(), next.claim().source(), announcements++));
            tries.newcomer(next.claim().name());
            admitted.add(next.claim().name());
        }
        return !cameras().equals(before);
    }

    private List<String> instancesAt(CameraId id, InetSocketAddress address) {
        List<String> names = new ArrayList<>();
        for (String name : byInstance.ofId(id)) {
            if (byInstance.get(name).camera().address().equals(address)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether {@code announced} claims its ID at an address where something else answered for that ID lately. */
    private boolean notTheCamera(Announced announced, long now) {
        return notTheCamera.holds(announced.camera().id(), announced.camera().address(), now);
    }

    /**
     * Forgets the addresses whose hold ({@link #NOT_THE_CAMERA_FOR}) has ended; whether a held
     * instance announces one of them, so that {@link #cameras()} may list it again: nothing else
     * happens on the LAN when a hold ends, so the browser asks this as time passes, to tell its
     * listener.
     */
    boolean holdsEnded() {
        boolean relisted = false;
        for (LanAddressHolds.Claim ended : notTheCamera.ended(clock.getAsLong())) {
            relisted |= !instancesAt(ended.id(), ended.address()).isEmpty();
        }
        return relisted;
    }

    /**
     * The instances held since the last call without announcing again: claims refused that waited,
     * each taking the place of a claim of its ID that failed ({@link #failed}).
     */
    List<String> takeAdmitted() {
        List<String> taken = List.copyOf(admitted);
        admitted.clear();
        return taken;
    }

    /** The instances let go to make room since the last call (their resolutions end too). */
    List<String> takeEvicted() {
        List<String> taken = List.copyOf(evicted);
        evicted.clear();
        return taken;
    }

    /** The names of the instances held. */
    Set<String> instances() {
        return Set.copyOf(byInstance.names());
    }

    /** Whether instance {@code name}'s claim of a wanted ID was refused and waits for a place ({@link LanWaitingClaims}). */
    boolean waits(String name) {
        return places.waits(name);
    }

    /** Whether instance {@code name}'s announcement is held. */
    boolean holds(String name) {
        return byInstance.contains(name);
    }

    /**
     * Whether an instance of an ID not looked for could be held now (from some source): the
     * strangers' places are not all taken, or one source holds more than another could claim.
     */
    boolean hasRoom() {
        return byInstance.strangers() < MAX_INSTANCES
                || byInstance.largestStrangerShare().size() > 1;
    }

    /** Instance {@code name} said goodbye (or its records expired); whether {@link #cameras()} changed. */
    boolean removed(String name) {
        places.removed(name);
        if (!byInstance.contains(name)) {
            return false;
        }
        ListBefore before = listBefore(Set.of(byInstance.get(name).camera().id()), List.of(name));
        byInstance.remove(name);
        tries.forget(name);
        return changed(before);
    }

    /**
     * Camera {@code id} as its chosen instance announces it, or null: of those not at an address
     * that is not the camera, one whose connect did not fail (else the one that failed the longest
     * ago), of those the latest that proved itself, else the latest.
     */
    LanBrowser.Found get(CameraId id) {
        long now = clock.getAsLong();
        Map.Entry<String, Announced> chosen = null;
        for (String name : byInstance.ofId(id)) {
            Map.Entry<String, Announced> entry = Map.entry(name, byInstance.get(name));
            if (!notTheCamera(entry.getValue(), now) && (chosen == null || prefers(chosen, entry))) {
                chosen = entry;
            }
        }
        return chosen == null ? null : chosen.getValue().camera();
    }

    /** One camera per ID (as {@link #get} chooses), in the order the IDs were first announced. */
    List<LanBrowser.Found> cameras() {
        long now = clock.getAsLong();
        Map<CameraId, Map.Entry<String, Announced>> first = new LinkedHashMap<>();
        Map<CameraId, Map.Entry<String, Announced>> chosen = new HashMap<>();
        byInstance.entries().stream()
                .filter(entry -> !notTheCamera(entry.getValue(), now))
                .sorted((a, b) ->
                        Long.compare(a.getValue().order(), b.getValue().order()))
                .forEach(entry -> {
                    CameraId id = entry.getValue().camera().id();
                    first.putIfAbsent(id, entry);
                    chosen.merge(id, entry, (kept, next) -> prefers(kept, next) ? next : kept);
                });
        List<LanBrowser.Found> cameras = new ArrayList<>(first.size());
        for (CameraId id : first.keySet()) {
            cameras.add(chosen.get(id).getValue().camera());
        }
        return cameras;
    }

    /** Whether {@code next} is chosen over {@code kept} ({@link LanTries#prefers}). */
    private boolean prefers(Map.Entry<String, Announced> kept, Map.Entry<String, Announced> next) {
        return tries.prefers(
                kept.getKey(),
                kept.getValue().order(),
                next.getKey(),
                next.getValue().order());
    }
}
