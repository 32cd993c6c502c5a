package io.privatevault;
public class Main { public static void main(String[] a) {} }
