package model

const lineEnding = "\r\n"
