/** node --import ./register.mjs …: load the bundled main process against the stand-in. */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
