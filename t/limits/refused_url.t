# A url change SetHeader refuses leaves the request as it was (issue 10,
# item 7).  SetHeader(pfc, "url", "http://[::1/x") in PREPROC_HEADERS
# (an absolute URL Apache cannot parse) returns FALSE with
# ERROR_INVALID_PARAMETER, and, as for every callback that fails, nothing
# has changed: the original URL is served, the access log gets its line,
# END_OF_REQUEST and LOG are raised.  Filter t/filters/lim_url.c,
# scenario isf_lim_url (its own CustomLog, t/logs/lim_url_access_log).
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(tag http_req read_until log_lines wait_log error_log_mark
               error_log_since);
use ISF::Hostile qw(page truncate_log crash_lines);

my $BAD = 'http://[::1/x';   # apr_uri_parse fails on it

plan tests => 9 + 3, need_module 'isapi_filter';

my $mark = error_log_mark();
truncate_log('lim_url.log');
my $page = page();

# The access log line of a tag (the format puts X-Lim-Tag first).
sub access_lines {
    my $tag = shift;
    return log_lines('lim_url_access_log', qr/^\Q$tag\E /);
}

{
    my $bad = $BAD;
    my $tag = tag('url');
    my $sock = raw_connect(module => 'isf_lim_url', timeout => 5);
    print $sock http_req("/index.html?$tag", 'X-Lim-Tag' => $tag,
                         'X-Lim-Url' => $bad);
    my ($res) = parse_responses(read_until($sock, qr/<\/html>/, 5));
    $res ||= { status => 0, body => '', headers => {} };
    is $res->{headers}->{'x-lim-set-url'}, 'FALSE 87',
       "SetHeader(\"url\", \"$bad\") in PREPROC_HEADERS returns FALSE with "
       . 'ERROR_INVALID_PARAMETER';
    is $res->{headers}->{'x-lim-url-after'}, "/index.html?$tag",
       '... and GetHeader("url") still gives the URL the client sent';
    is $res->{status}, 200, '... the request is served: 200';
    ok $res->{body} eq $page, '... with the original URL\'s file';
    my @eor = wait_log('lim_url.log', qr/^\Q$tag\E LOG /,
                       qr/^\Q$tag\E END_OF_REQUEST$/);
    is scalar(@eor), 1, '... END_OF_REQUEST is raised once';
    my @log = log_lines('lim_url.log', qr/^\Q$tag\E LOG /);
    is_deeply \@log, ["$tag LOG 200 /index.html"],
       '... LOG is raised once, with status 200 and the original target';
    my $deadline = Time::HiRes::time() + 5;
    Time::HiRes::sleep(0.05) until access_lines($tag)
                                   or Time::HiRes::time() > $deadline;
    my @acc = access_lines($tag);
    like join("\n", @acc), qr/^\Q$tag\E GET \/index\.html\?\Q$tag\E 200 \d+$/,
         '... and the access log gets its line (original URL, 200)';
    is scalar(@acc), 1, '... exactly one';
    print $sock http_req('/index.html', close => 1);
    my ($next) = parse_responses(read_until($sock, qr/<\/html>/, 5));
    is $next && $next->{status}, 200,
       '... and the keep-alive connection serves its next request';
    close $sock;
}

# ---- Nothing crashed --------------------------------------------------------
my ($res) = parse_responses(scalar raw_request(module => 'isf_lim_url',
    data => http_req('/index.html', close => 1)));
ok $res && $res->{status} == 200 && $res->{body} eq $page,
   'the server answers a plain request afterwards';
my @after = log_lines('lim_url.log', qr/^- /);
is scalar(grep { !/^- (END_OF_REQUEST|LOG 200 \/index\.html)$/ } @after), 0,
   'requests without X-Lim-Url run END_OF_REQUEST and LOG normally';
Time::HiRes::sleep(0.3);
my @crash = crash_lines(error_log_since($mark));
is scalar(@crash), 0, 'no child process died (no "exit signal" in '
   . 'error_log)' or diag(@crash);
