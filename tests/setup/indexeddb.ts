// happy-dom and jsdom have no IndexedDB: every test process gets fake-indexeddb's globals.
import 'fake-indexeddb/auto';
