package chorus.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import org.slf4j.LoggerFactory;

/**
 * One generation of the dev server's application: Chorus's own classes and resources ({@code chorus.*}) are read
 * afresh from the compiled-classes folder, child first; everything else (Vert.x, Netty, the drivers, the JDK) comes
 * from the parent, loaded and warmed once for the whole dev run. Once its generation is undeployed and nothing
 * holds its classes any more, the loader and every class it defined are collected.
 */
final class DevClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String OWN = "chorus.";

  private final Path classes;
  private final ProtectionDomain domain;

  DevClassLoader(int generation, Path classes, ClassLoader parent) {
    super("chorus-dev-" + generation, new URL[] {url(classes)}, parent);
    this.classes = classes;
    this.domain = new ProtectionDomain(new CodeSource(url(classes), (Certificate[]) null), null);
  }

  private static URL url(Path classes) {
    try {
      return classes.toUri().toURL();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(OWN)) return super.loadClass(name, resolve);
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException notOurs) {
          c = super.loadClass(name, false);
        }
      }
      if (resolve) resolveClass(c);
      return c;
    }
  }

  /**
   * Defines the class with a protection domain that does not name this loader. A thread keeps the protection
   * domains of the classes on the stack of the thread that started it (its inherited access-control context): a
   * pool thread started while a generation's code ran would otherwise keep that generation's loader, and every
   * class it defined, for as long as the thread lives. (URLClassLoader's own domains name their loader.)
   */
  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
    } catch (NoSuchFileException e) {
      throw new ClassNotFoundException(name);
    } catch (IOException e) {
      throw new ClassNotFoundException(name + ": " + e.getMessage(), e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
      try {
        definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
      } catch (IllegalArgumentException definedMeanwhile) {
        // another thread of this loader defined it first: the same package
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /** The generation's own copy first (an edited {@code openapi.yaml} or mail text), then the parent's. */
  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  /**
   * Hands every thread that names another generation's loader than {@code serving} as its context class loader the
   * dev server's own instead: a pool thread started while a generation ran inherited that generation's loader, and
   * would keep it, with every class it defined, for as long as the thread lives.
   */
  static void forgetAllBut(ClassLoader serving) {
    ClassLoader own = DevClassLoader.class.getClassLoader();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ClassLoader l = t.getContextClassLoader();
      if (l instanceof DevClassLoader && l != serving) t.setContextClassLoader(own);
    }
  }

  void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      LoggerFactory.getLogger(DevClassLoader.class).warn("class loader {} did not close: {}", getName(), e.toString());
    }
  }
}
