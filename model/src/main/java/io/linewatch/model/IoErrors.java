package io.linewatch.model;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reason of an I/O failure in words, for one-line messages that already name the file. The file
 * system exceptions' own messages are often just the path again ("cannot open X: X").
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (f instanceof NoSuchFileException) {
                return "no such file or directory";
            }
            if (f instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (f instanceof FileAlreadyExistsException) {
                return "a file of that name exists (not a directory)";
            }
            if (f instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (f instanceof DirectoryNotEmptyException) {
                return "directory not empty";
            }
            return f.getClass().getSimpleName();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
