/**
 * Ed25519 signatures of inventory exports with Bouncy Castle: key generation, signing and verification.
 */
package io.linewatch.inventory.signing;
