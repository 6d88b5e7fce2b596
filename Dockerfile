# Ballast image: the `ballast` command (run, simulator, submit, results, ...).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true install -pl modules/cli -am

FROM eclipse-temurin:17-jre
WORKDIR /opt/ballast
COPY --from=build /src/modules/cli/target/ballast-cli.jar /opt/ballast/ballast-cli.jar
COPY --from=build /src/modules/cli/target/lib /opt/ballast/lib
ENV BALLAST_LOG_DIR=/opt/ballast/logs
ENTRYPOINT ["java", "-Dballast.log.dir=/opt/ballast/logs", "-cp", "/opt/ballast/ballast-cli.jar:/opt/ballast/lib/*", "dev.ballast.cli.BallastCli"]
CMD ["--help"]
