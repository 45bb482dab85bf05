// type-graphql reads decorator metadata through the Reflect API; load the polyfill once.
import 'reflect-metadata';
