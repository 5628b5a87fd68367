/** Text a peer wrote that people are shown: names in dialogs, notices and logs. */
package io.p2pcam.protocol.text;
