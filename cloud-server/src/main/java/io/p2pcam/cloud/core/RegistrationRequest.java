package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.identity.CameraPublicKey;

/**
 * What {@link Registrar}'s checks read of a REGISTER or a RESUME (docs/PROTOCOL.md §4.4, §4.8):
 * the part both carry (transaction, camera key, cookie), where it came from, and its size (no
 * answer to it may be larger, §6.2).
 *
 * @param from its source, transport included: the cookie's MAC covers both
 * @param bytes the size of the datagram
 */
record RegistrationRequest(long transaction, CameraPublicKey key, Bytes cookie, ClientAddress from, int bytes) {
    static RegistrationRequest of(Register register, ClientAddress from, int bytes) {
        return new RegistrationRequest(register.transaction(), register.key(), register.cookie(), from, bytes);
    }

    static RegistrationRequest of(Resume resume, ClientAddress from, int bytes) {
        return new RegistrationRequest(resume.transaction(), resume.key(), resume.cookie(), from, bytes);
    }
}
