/** The test support of the composition, under the name the tools import it by. */
export * from '@webhooks/composition/testing';
