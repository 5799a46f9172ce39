import type { StoredFile } from './file-store';

declare global {
  namespace Express {
    interface Request {
      /** The file fileUpload() stored for this request. */
      storedFile?: StoredFile;
    }

    namespace Multer {
      interface File {
        /** Set by fileUpload()'s storage engine once the file is in the database. */
        storedFile?: StoredFile;
      }
    }
  }
}

export {};
