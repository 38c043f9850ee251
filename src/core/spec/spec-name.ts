/** A spec's `name:`: a lowercase letter, then up to 39 lowercase letters, digits and hyphens. */
export const SPEC_NAME = /^[a-z][a-z0-9-]{0,39}$/;
